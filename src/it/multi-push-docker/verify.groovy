// format docker: the tag serves a Docker manifest list (digest = image.digest) of two Docker manifests with
// Docker config and layer media types, sharing the first layer; image.json lists both manifest digests.
import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String registry = PushIt.registry(dir).hostPort()
    String digest = new File(dir, 'target/scratch/image.digest').text.trim()
    def raw = { String reference -> PushIt.rawManifest(dir, reference) }
    String listText = raw('it/multi-docker:2.0')
    assert PushIt.sha256(listText) == digest
    def list = ItTools.json(listText)
    assert list.schemaVersion == 2
    assert list.mediaType == 'application/vnd.docker.distribution.manifest.list.v2+json'
    assert list.manifests*.platform == [
            [architecture: 'amd64', os: 'linux'],
            [architecture: 'arm64', os: 'linux', variant: 'v8']]
    def manifests = list.manifests.collect { m ->
        assert m.mediaType == 'application/vnd.docker.distribution.manifest.v2+json'
        String text = raw("it/multi-docker@${m.digest}")
        assert PushIt.sha256(text) == m.digest
        ItTools.json(text)
    }
    manifests.each { m ->
        assert m.mediaType == 'application/vnd.docker.distribution.manifest.v2+json'
        assert m.config.mediaType == 'application/vnd.docker.container.image.v1+json'
        assert m.layers*.mediaType == ['application/vnd.docker.image.rootfs.diff.tar.gzip'] * 2
    }
    assert manifests[0].layers[0].digest == manifests[1].layers[0].digest
    assert manifests[0].layers[1].digest != manifests[1].layers[1].digest

    // skopeo picks each platform out of the list
    ['amd64', 'arm64'].each { arch ->
        def config = ItTools.skopeo(dir, '--tls-verify=false', '--config', '--override-arch', arch,
                "docker://${registry}/it/multi-docker:2.0")
        assert config.architecture == arch
        assert config.config.Entrypoint == ['/usr/local/bin/app']
    }

    def meta = ItTools.json(new File(dir, 'target/scratch/image.json').text)
    assert meta.digest == digest
    assert meta.platforms*.manifestDigest == list.manifests*.digest
} finally {
    PushIt.stop(dir)
}
return true
