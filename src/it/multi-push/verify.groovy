// Two platforms pushed: both tags serve the image index whose digest is image.digest; skopeo copies every
// platform into an OCI layout and umoci unpacks each with its own file and the shared ones; the proxy saw
// every distinct blob uploaded exactly once (the shared layer too), then the platform manifests, then the tags.
import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt
import java.nio.file.Files
import java.nio.file.Path

File dir = basedir
try {
    String registry = PushIt.registry(dir).hostPort()
    String proxied = PushIt.proxy(dir).hostPort()
    String digest = new File(dir, 'target/scratch/image.digest').text.trim()
    assert digest ==~ /sha256:[0-9a-f]{64}/
    String indexType = 'application/vnd.oci.image.index.v1+json'
    String manifestType = 'application/vnd.oci.image.manifest.v1+json'
    def raw = { String reference -> PushIt.rawManifest(dir, reference) }

    // both tags point at the index: its bytes hash to image.digest
    String indexText = raw('it/multi:1.0')
    assert PushIt.sha256(indexText) == digest
    assert raw('it/multi:latest') == indexText
    def index = ItTools.json(indexText)
    assert index.mediaType == indexType
    assert index.manifests*.platform == [
            [architecture: 'amd64', os: 'linux'],
            [architecture: 'arm64', os: 'linux', 'os.version': '6.1', variant: 'v8']]
    index.manifests.each { assert it.mediaType == manifestType }
    assert index.annotations['org.opencontainers.image.created'] == '2024-01-31T12:00:00Z'
    assert index.annotations['org.opencontainers.image.vendor'] == 'Example'

    // each platform's manifest is in the registry under its digest, with its own config
    def amd = ItTools.json(raw("it/multi@${index.manifests[0].digest}"))
    def arm = ItTools.json(raw("it/multi@${index.manifests[1].digest}"))
    assert amd.layers.size() == 2 && arm.layers.size() == 3
    String shared = amd.layers[0].digest
    assert arm.layers[0].digest == shared
    assert amd.layers[1].digest != arm.layers[1].digest
    def amdConfig = ItTools.skopeo(dir, '--tls-verify=false', '--config', '--override-arch', 'amd64',
            "docker://${registry}/it/multi:1.0")
    def armConfig = ItTools.skopeo(dir, '--tls-verify=false', '--config', '--override-arch', 'arm64',
            '--override-variant', 'v8', "docker://${registry}/it/multi:1.0")
    assert amdConfig.architecture == 'amd64' && amdConfig.variant == null
    assert armConfig.architecture == 'arm64' && armConfig.variant == 'v8' && armConfig['os.version'] == '6.1'
    assert amdConfig.config.Env == ['MODE=common'] && armConfig.config.Env == ['MODE=arm']

    // image.json: the index digest, both tags, each platform's manifest digest
    def meta = ItTools.json(new File(dir, 'target/scratch/image.json').text)
    assert meta.digest == digest
    assert meta.image == "${proxied}/it/multi:1.0".toString()
    assert meta.tags == ['1.0', 'latest']
    assert meta.platforms*.manifestDigest == index.manifests*.digest

    String log = new File(dir, 'build.log').text
    ['1.0', 'latest'].each { assert log.contains("Pushed ${proxied}/it/multi:${it}@${digest}") }

    // each platform's SBOM (on by default) is a referrer of its manifest, in the referrers tag (see push-sbom)
    def sboms = index.manifests.collect { m ->
        def referrers = ItTools.json(raw("it/multi:sha256-${m.digest.substring(7)}"))
        assert referrers.manifests*.artifactType == ['application/spdx+json']
        def sbom = ItTools.json(raw("it/multi@${referrers.manifests[0].digest}"))
        assert sbom.subject.digest == m.digest
        sbom
    }

    // the wire: every distinct blob (2 configs, shared + 2 app + arm-only layers) uploaded exactly once;
    // after the tags, the SBOMs' blobs (the empty config and a document per platform), each once too
    def proxy = PushIt.proxy(dir)
    Set<String> blobs = ([amd.config.digest, arm.config.digest] + amd.layers*.digest + arm.layers*.digest) as Set
    assert blobs.size() == 6
    Set<String> sbomBlobs = ([sboms[0].config.digest] + sboms*.layers*.digest.flatten()) as Set
    assert sbomBlobs.size() == 3
    assert PushIt.blobUploadsByDigest(dir, 'it/multi') == (blobs + sbomBlobs).collectEntries { [(it): 1] }
    assert proxy.requests().count { it.method == 'POST' && it.path == '/v2/it/multi/blobs/uploads/' } == blobs.size() + 3
    assert proxy.count('PATCH', '.*') == 0
    // then each platform's manifest by digest, then the index under each tag, each once; then the SBOMs
    def puts = proxy.requests().findAll { it.method == 'PUT' }
    puts = puts.subList(0, puts.findIndexOf { it.path == '/v2/it/multi/manifests/latest' } + 1)
    def manifestPuts = puts.findAll { it.path.startsWith('/v2/it/multi/manifests/') }*.path*.substring('/v2/it/multi/manifests/'.length())
    assert manifestPuts == index.manifests*.digest + ['1.0', 'latest']
    int lastBlob = puts.findLastIndexOf { it.path.startsWith('/v2/it/multi/blobs/uploads/') }
    int firstManifest = puts.findIndexOf { it.path.startsWith('/v2/it/multi/manifests/') }
    assert lastBlob < firstManifest

    // skopeo copies every platform into an OCI layout; the index arrives unchanged
    Path work = dir.toPath().resolve('target/verify')
    Path layout = work.resolve('layout')
    Files.createDirectories(work)
    ItTools.run(dir, 'skopeo', 'copy', '--all', '--src-tls-verify=false', "docker://${registry}/it/multi:1.0",
            "oci:${layout}:all")
    def copied = ItTools.json(Files.readString(layout.resolve('index.json')))
    assert copied.manifests*.digest == [digest]
    assert Files.readString(layout.resolve('blobs/sha256/' + digest.substring(7))) == indexText
    // umoci unpacks manifests, not an index: tag each platform's manifest in the layout
    String entries = index.manifests.collect { m ->
        """{"mediaType":"${m.mediaType}","digest":"${m.digest}","size":${m.size},""" +
                """"annotations":{"org.opencontainers.image.ref.name":"${m.platform.architecture}"}}"""
    }.join(',')
    Files.writeString(layout.resolve('index.json'), '{"schemaVersion":2,"manifests":[' + entries + ']}')
    def unpack = { String tag ->
        Path bundle = work.resolve('bundle-' + tag)
        List<String> command = ['umoci', 'unpack'] + (ItTools.isRoot() ? [] : ['--rootless']) +
                ['--image', "${layout}:${tag}".toString(), bundle.toString()]
        ItTools.run(dir, command as String[])
        bundle.resolve('rootfs')
    }
    Path amdRoot = unpack('amd64')
    Path armRoot = unpack('arm64')
    assert Files.readString(amdRoot.resolve('usr/local/bin/app')) == 'the amd64 build\n'
    assert Files.readString(armRoot.resolve('usr/local/bin/app')) == 'the arm64 build\n'
    [amdRoot, armRoot].each { root ->
        assert ItTools.stat(root.resolve('usr/local/bin/app')).mode == '0755'
        assert ItTools.tree(root.resolve('srv/shared')) == ['css', 'css/site.css', 'index.html']
        assert Files.readString(root.resolve('srv/shared/index.html')) == '<h1>shared</h1>\n'
        assert Files.readString(root.resolve('srv/shared/css/site.css')) == 'h1 { color: teal }\n'
    }
    assert Files.readString(armRoot.resolve('etc/arm-only.txt')) == 'only on arm64\n'
    assert !Files.exists(amdRoot.resolve('etc/arm-only.txt'))
} finally {
    PushIt.stop(dir)
}
return true
