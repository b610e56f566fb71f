import io.github.scratchimage.maven.ItTools
import java.nio.file.Files
import java.nio.file.Path

File dir = basedir
Path tar = dir.toPath().resolve('target/scratch/image.tar')
String digest = new File(dir, 'target/scratch/image.digest').text.trim()

// the manifest names zstd layers
def manifest = ItTools.skopeo(dir, '--raw', "oci-archive:${tar}:1")
assert manifest.layers.size() == 2
manifest.layers.each { assert it.mediaType == 'application/vnd.oci.image.layer.v1.tar+zstd' }

// skopeo copies it into an OCI layout, keeping every blob
Path layout = dir.toPath().resolve('target/copied')
ItTools.run(dir, 'skopeo', 'copy', "oci-archive:${tar}:1", "oci:${layout}:1")
assert ItTools.skopeo(dir, "oci:${layout}:1").Digest == digest
def copied = ItTools.skopeo(dir, '--raw', "oci:${layout}:1")
copied.layers.each { assert it.mediaType == 'application/vnd.oci.image.layer.v1.tar+zstd' }

// the zstd command reads the data layer (several frames) and its tar holds the file
String dataLayer = manifest.layers[1].digest.substring('sha256:'.length())
Path blob = layout.resolve('blobs/sha256/' + dataLayer)
ItTools.run(dir, 'zstd', '-q', '-t', blob.toString())
ItTools.run(dir, 'zstd', '-q', '-d', blob.toString(), '-o', dir.toPath().resolve('target/data-layer.tar').toString())
String listing = ItTools.run(dir, 'tar', '-tvf', 'target/data-layer.tar')
assert listing.contains('data/text.txt')
def config = ItTools.skopeo(dir, '--config', "oci:${layout}:1")
String diffId = config.rootfs.diff_ids[1]
assert diffId == 'sha256:' + ItTools.run(dir, 'sha256sum', 'target/data-layer.tar').split(' ')[0]

// podman loads the tarball into a store of its own and runs the program from the zstd layer
assert ItTools.podman(dir, 'load', '-i', tar.toString()).contains('example/zstd:1')
assert ItTools.podman(dir, 'run', '--rm', '--network=none', 'docker.io/example/zstd:1').contains('hello from a zstd layer')
ItTools.podmanClean(dir)

// umoci reads zstd layers only from the release after 0.4.7 on (opencontainers/umoci#562, 2025):
// 0.4.7 refuses the media type; a later umoci unpacks and checks every digest and diff_id
String umociVersion = ItTools.run(dir, 'umoci', '--version')
Path bundle = dir.toPath().resolve('target/umoci-bundle')
def umoci = new ProcessBuilder('umoci', 'unpack', '--image', "${layout}:1".toString(), bundle.toString())
        .redirectErrorStream(true).start()
String umociOut = umoci.inputStream.text
int umociExit = umoci.waitFor()
if (umociVersion =~ /version 0\.4\./) {
    assert umociOut.contains('blob is not correct mediatype: application/vnd.oci.image.layer.v1.tar+zstd') : umociOut
} else {
    assert umociExit == 0 : umociOut
    assert Files.isRegularFile(bundle.resolve('rootfs/data/text.txt'))
}
return true
