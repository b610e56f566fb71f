// The layer went up in PATCH requests of at most 64 KiB (chunkSize 64k); skopeo copies the image and umoci unpacks the
// file byte for byte.
import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt
import java.nio.file.Files

File dir = basedir
try {
    String digest = new File(dir, 'target/scratch/push/image.digest').text.trim()
    assert digest ==~ /sha256:[0-9a-f]{64}/
    def proxy = PushIt.proxy(dir)
    // an uncompressed layer of about 300 KB in 64 KiB chunks: at least 5 PATCHes
    assert proxy.count('PATCH', '/v2/it/chunked/blobs/uploads/.*') >= 5
    // <chunkSize>64k</chunkSize> in the POM: no chunk larger than 65,536 bytes, and the layer's full ones that large
    def patches = proxy.requests().findAll { it.method == 'PATCH' && it.path.startsWith('/v2/it/chunked/blobs/uploads/') }
    assert patches*.contentLength.max() == 65536
    // one closing PUT per blob: the layer and the config, then the SBOM's empty config and document
    assert proxy.requests().findAll { it.method == 'PUT' && it.path.startsWith('/v2/it/chunked/blobs/uploads/') }.size() == 4

    def layout = new File(dir, 'target/pulled')
    ItTools.run(dir, 'skopeo', 'copy', '--src-tls-verify=false', "docker://${proxy.hostPort()}/it/chunked:1.0", "oci:${layout}:pulled")
    def bundle = new File(dir, 'target/bundle')
    ItTools.run(dir, 'umoci', 'unpack', '--image', "${layout}:pulled", bundle.toString())
    assert Files.readAllBytes(new File(bundle, 'rootfs/data/blob.bin').toPath()) == new File(dir, 'data/blob.bin').bytes
} finally {
    PushIt.stop(dir)
}
return true
