import io.github.scratchimage.maven.ItTools
import java.nio.file.Files
import java.nio.file.Path

File dir = basedir
Path layout = dir.toPath().resolve('layout')
String a = new File(dir, 'a/target/scratch/image.digest').text.trim()
String b = new File(dir, 'b/target/scratch/image.digest').text.trim()
assert a ==~ /sha256:[0-9a-f]{64}/ && b ==~ /sha256:[0-9a-f]{64}/ && a != b

// both images by their tags, as skopeo reads them
assert ItTools.skopeo(dir, "oci:${layout}:1.0").Digest == a
assert ItTools.skopeo(dir, "oci:${layout}:2.0").Digest == b
assert ItTools.skopeo(dir, "oci:${layout}:stable").Digest == b

// one entry per tag after three runs; the names say which image each is
def index = ItTools.json(Files.readString(layout.resolve('index.json')))
def names = index.manifests.collect { it.annotations['org.opencontainers.image.ref.name'] }
assert names.sort() == ['1.0', '2.0', 'stable']
assert index.manifests.find { it.annotations['org.opencontainers.image.ref.name'] == '1.0' }
        .annotations['io.containerd.image.name'] == 'docker.io/example/app-a:1.0'

// the shared layer is one blob; no temporary file is left anywhere
def layersOf = { tag -> ItTools.skopeo(dir, '--raw', "oci:${layout}:${tag}").layers*.digest }
assert layersOf('1.0')[0] == layersOf('2.0')[0]
assert layersOf('1.0')[1] != layersOf('2.0')[1]
assert ItTools.tree(layout).every { !it.contains('.tmp') }
List<String> blobs = layout.resolve('blobs/sha256').toFile().list() as List
assert blobs.every { it ==~ /[0-9a-f]{64}/ }
assert blobs.size() == 7 // two manifests, two configs, the shared layer and one own layer each

// umoci checks every digest and diff_id while it unpacks
['1.0': 'only in a\n', '2.0': 'only in b\n'].each { tag, own ->
    Path bundle = dir.toPath().resolve("target/umoci-${tag}")
    if (ItTools.isRoot()) {
        ItTools.run(dir, 'umoci', 'unpack', '--image', "${layout}:${tag}", bundle.toString())
    } else {
        ItTools.run(dir, 'umoci', 'unpack', '--rootless', '--image', "${layout}:${tag}", bundle.toString())
    }
    assert Files.readString(bundle.resolve('rootfs/srv/own.txt')) == own
    assert Files.readString(bundle.resolve('rootfs/srv/shared.txt')) == 'in both images\n'
}
return true
