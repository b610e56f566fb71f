import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt
import java.security.MessageDigest

File dir = basedir
try {
    String host = PushIt.registry(dir).hostPort()
    String saved = new File(dir, 'target/saved/image.digest').text.trim()
    String pushed = new File(dir, 'target/scratch/push/image.digest').text.trim()
    assert saved ==~ /sha256:[0-9a-f]{64}/
    assert pushed == saved

    String log = new File(dir, 'build.log').text
    ['1.0', 'latest'].each { tag ->
        assert log.contains("Pushed ${host}/it/plain:${tag}@${pushed}")
        def result = PushIt.skopeoInspect(dir, "it/plain:${tag}", true, null, null)
        assert result.exitCode() == 0 : result.describe()
        String raw = result.stdout()
        String rawDigest = 'sha256:' + MessageDigest.getInstance('SHA-256').digest(raw.getBytes('UTF-8')).encodeHex()
        assert rawDigest == pushed
        // byte for byte the manifest the tarball holds
        assert raw == ItTools.run(dir, 'skopeo', 'inspect', '--raw', "oci-archive:${dir}/target/saved/image.tar:1.0")
    }
    def inspected = ItTools.json(PushIt.skopeoInspect(dir, 'it/plain:1.0', false, null, null).requireSuccess().stdout())
    assert inspected.Digest == pushed
    assert inspected.Env == ['MODE=it']
    assert inspected.Created == '2024-05-01T08:00:00Z'

    def json = ItTools.json(new File(dir, 'target/scratch/push/image.json').text)
    assert json.image == "${host}/it/plain:1.0".toString()
    assert json.tags == ['1.0', 'latest']
    assert json.digest == pushed
} finally {
    PushIt.stop(dir)
}
return true
