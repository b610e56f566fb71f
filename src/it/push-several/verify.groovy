import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String first = PushIt.registry(dir).hostPort()
    String second = PushIt.second(dir).hostPort()
    String password = new File(dir, 'password.txt').text
    String digest = new File(dir, 'target/scratch/image.digest').text.trim()
    assert digest ==~ /sha256:[0-9a-f]{64}/

    def digestAt = { String reference, String creds ->
        ItTools.skopeo(dir, '--tls-verify=false', creds, "docker://${reference}".toString()).Digest
    }
    ["${first}/it/several:1.0", "${first}/it/several:latest", "${first}/it/copy:stable"].each {
        assert digestAt(it.toString(), '--no-creds') == digest
    }
    ["${second}/mirror/several:1.0", "${second}/mirror/several:latest"].each {
        assert digestAt(it.toString(), "--creds=mirror:${password}".toString()) == digest
    }

    String log = new File(dir, 'build.log').text
    assert log.contains("settings.xml <server> '${second}'")
    assert log.contains("Pushed 2 tag(s) of ${second}/mirror/several at ${digest}")
    // the layer and the config go to each registry once: it/copy mounts them from it/several
    assert log.count('Blobs: 2 uploaded') == 2
    assert log.contains('Blobs: 0 uploaded (0.0 MB), 0 already in the registry, 2 mounted')
    assert !log.contains(password)

    def json = ItTools.json(new File(dir, 'target/scratch/image.json').text)
    assert json.digest == digest
    assert json.references == ["${first}/it/several:1.0", "${first}/it/several:latest",
            "${second}/mirror/several:1.0", "${second}/mirror/several:latest", "${first}/it/copy:stable"]*.toString()
} finally {
    PushIt.stop(dir)
}
return true
