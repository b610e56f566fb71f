// Each execution has its own tarball, digest and description under target/scratch/<id>, and the
// two tarballs are attached with their execution ids as classifiers (one classifier would refuse
// the second).
import io.github.scratchimage.maven.ItTools

File dir = basedir
def digests = [:]
['web', 'worker'].each { id ->
    File out = new File(dir, "target/scratch/${id}")
    String tar = new File(out, 'image.tar').path
    def inspect = ItTools.skopeo(dir, "oci-archive:${tar}:1.0")
    assert new File(out, 'image.digest').text.trim() == inspect.Digest
    assert new File(out, 'image.json').text.contains("example/${id}")
    digests[id] = inspect.Digest
    String listing = ItTools.run(dir, 'tar', '-tf', tar)
    assert listing.contains('blobs/sha256/')
}
assert digests.web != digests.worker
assert !new File(dir, 'target/scratch/image.tar').exists()
String log = new File(dir, 'build.log').text
assert log.contains('Attached image.tar (classifier web, type tar)')
assert log.contains('Attached image.tar (classifier worker, type tar)')
return true
