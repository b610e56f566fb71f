// Two platforms in one tarball: index.json points at an image index with both full platform objects,
// skopeo copies every platform, umoci unpacks each with its own file and the shared ones, and the
// shared layer is stored once.
import io.github.scratchimage.maven.ItTools
import java.nio.file.Files
import java.nio.file.Path

File dir = basedir
Path tar = dir.toPath().resolve('target/scratch/image.tar')
String indexType = 'application/vnd.oci.image.index.v1+json'
String digest = new File(dir, 'target/scratch/image.digest').text.trim()
def blob = { String d -> ItTools.json(ItTools.run(dir, 'tar', '-xOf', tar.toString(), 'blobs/sha256/' + d.substring(7))) }

// index.json -> the image index, whose digest is image.digest
def top = ItTools.json(ItTools.run(dir, 'tar', '-xOf', tar.toString(), 'index.json'))
assert top.manifests.size() == 1
assert top.manifests[0].mediaType == indexType
assert top.manifests[0].digest == digest
assert top.manifests[0].annotations['org.opencontainers.image.ref.name'] == '1.0'

def index = blob(digest)
assert index.mediaType == indexType
assert index.manifests*.platform == [
        [architecture: 'amd64', os: 'linux'],
        [architecture: 'arm64', os: 'linux', 'os.version': '6.1', variant: 'v8']]
index.manifests.each { assert it.mediaType == 'application/vnd.oci.image.manifest.v1+json' }
// the index carries every annotation, as each manifest does: from the POM, the git repository
// setup.groovy made, and the configured vendor, which wins over <organization>
String revision = ItTools.headCommit(dir)
assert revision ==~ /[0-9a-f]{40}/
def annotations = [
        'org.opencontainers.image.created'    : '2024-01-31T12:00:00Z',
        'org.opencontainers.image.version'    : '1.0',
        'org.opencontainers.image.source'     : 'https://example.org/multi-save',
        'org.opencontainers.image.title'      : 'Scratch IT multi-save',
        'org.opencontainers.image.description': 'Two platforms in one tarball: an image index, per-platform files from {os}-{arch}, a shared layer stored once.',
        'org.opencontainers.image.url'        : 'https://example.org/multi-save/home',
        'org.opencontainers.image.licenses'   : 'Apache-2.0',
        'org.opencontainers.image.vendor'     : 'Example',
        'org.opencontainers.image.authors'    : 'Jane Doe <jane@example.org>',
        'org.opencontainers.image.revision'   : revision]
assert index.annotations == annotations
assert ItTools.skopeo(dir, '--raw', "oci-archive:${tar}:1.0") == index

// each platform's manifest and config
def amd = blob(index.manifests[0].digest)
def arm = blob(index.manifests[1].digest)
assert amd.layers.size() == 2 && arm.layers.size() == 3
[amd, arm].each { assert it.annotations == annotations }
String shared = amd.layers[0].digest
assert arm.layers[0].digest == shared
assert amd.layers[1].digest != arm.layers[1].digest
def amdConfig = blob(amd.config.digest)
def armConfig = blob(arm.config.digest)
assert amdConfig.architecture == 'amd64' && amdConfig.os == 'linux' && amdConfig.variant == null
assert armConfig.architecture == 'arm64' && armConfig.variant == 'v8' && armConfig['os.version'] == '6.1'
assert amdConfig.config.Env == ['PATH=/usr/local/bin', 'MODE=common']
assert armConfig.config.Env == ['PATH=/usr/local/bin', 'MODE=arm', 'Z_ARM=1']
assert amdConfig.config.Entrypoint == ['/usr/local/bin/app'] && armConfig.config.Entrypoint == ['/usr/local/bin/app']
assert amdConfig.config.Cmd == ['--serve'] && armConfig.config.Cmd == ['--arm']

// every blob once: index, 2 manifests, 2 configs, shared + 2 app layers + arm-only layer
List<String> blobs = ItTools.run(dir, 'tar', '-tf', tar.toString()).readLines().findAll { it ==~ /blobs\/sha256\/[0-9a-f]{64}/ }
assert blobs.size() == 9
assert blobs.toSet().size() == blobs.size()
assert blobs.count { it.endsWith(shared.substring(7)) } == 1

// image.json lists each platform's manifest
def meta = ItTools.json(new File(dir, 'target/scratch/image.json').text)
assert meta.digest == digest
assert meta.platforms*.manifestDigest == index.manifests*.digest

// the log names each platform's own manifest digest
String log = new File(dir, 'build.log').text
assert log.contains('linux/amd64, linux/arm64/v8')
assert log.contains(index.manifests[0].digest) && log.contains(index.manifests[1].digest)

// skopeo copies every platform into an OCI layout; the index arrives unchanged
Path work = dir.toPath().resolve('target/verify')
Path layout = work.resolve('layout')
Files.createDirectories(work)
ItTools.run(dir, 'skopeo', 'copy', '--all', "oci-archive:${tar}:1.0", "oci:${layout}:all")
def copied = ItTools.json(Files.readString(layout.resolve('index.json')))
assert copied.manifests*.digest == [digest]
// umoci unpacks manifests, not an index ("tag is ambiguous"): tag each platform's manifest in the layout
String entries = index.manifests.collect { m ->
    """{"mediaType":"${m.mediaType}","digest":"${m.digest}","size":${m.size},""" +
            """"annotations":{"org.opencontainers.image.ref.name":"${m.platform.architecture}"}}"""
}.join(',')
Files.writeString(layout.resolve('index.json'), '{"schemaVersion":2,"manifests":[' + entries + ']}')

def unpack = { String tag ->
    Path bundle = work.resolve('bundle-' + tag)
    if (ItTools.isRoot()) {
        ItTools.run(dir, 'umoci', 'unpack', '--image', "${layout}:${tag}", bundle.toString())
    } else {
        ItTools.run(dir, 'umoci', 'unpack', '--rootless', '--image', "${layout}:${tag}", bundle.toString())
    }
    bundle.resolve('rootfs')
}
Path amdRoot = unpack('amd64')
Path armRoot = unpack('arm64')
assert Files.readString(amdRoot.resolve('usr/local/bin/app')) == 'the amd64 build\n'
assert Files.readString(armRoot.resolve('usr/local/bin/app')) == 'the arm64 build\n'
assert ItTools.stat(amdRoot.resolve('usr/local/bin/app')).mode == '0755'
assert ItTools.stat(armRoot.resolve('usr/local/bin/app')).mode == '0755'
[amdRoot, armRoot].each { root ->
    assert ItTools.tree(root.resolve('srv/shared')) == ['css', 'css/site.css', 'index.html']
    assert Files.readString(root.resolve('srv/shared/index.html')) == '<h1>shared</h1>\n'
    assert Files.readString(root.resolve('srv/shared/css/site.css')) == 'h1 { color: teal }\n'
}
assert Files.readString(armRoot.resolve('etc/arm-only.txt')) == 'only on arm64\n'
assert !Files.exists(amdRoot.resolve('etc/arm-only.txt'))

// docker-archive side: manifest.json lists the host platform's (amd64) image
String manifestJson = ItTools.run(dir, 'tar', '-xOf', tar.toString(), 'manifest.json')
def dockerEntry = ItTools.json('{"m":' + manifestJson + '}').m[0]
assert dockerEntry.Config == 'blobs/sha256/' + amd.config.digest.substring(7)
assert dockerEntry.RepoTags == ['docker.io/example/multi:1.0']
return true
