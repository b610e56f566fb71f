import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String host = PushIt.registry(dir).hostPort()
    String saved = new File(dir, 'target/scratch/save/image.digest').text.trim()
    String pushed = new File(dir, 'target/scratch/push/image.digest').text.trim()
    assert pushed ==~ /sha256:[0-9a-f]{64}/
    assert pushed == saved

    // the registry holds a manifest of zstd layers, each recording its compression
    def manifest = ItTools.json(PushIt.skopeoInspect(dir, 'it/zstd:1.0', true, null, null).requireSuccess().stdout())
    assert manifest.layers.size() == 1
    assert manifest.layers[0].mediaType == 'application/vnd.oci.image.layer.v1.tar+zstd'
    assert manifest.layers[0].annotations['io.github.scratchimage.layer.compression'] == 'zstd-3'

    // podman pulls it from the registry into a store of its own and runs the program
    String image = "${host}/it/zstd:1.0".toString()
    ItTools.podman(dir, 'pull', '--tls-verify=false', image)
    assert ItTools.podman(dir, 'run', '--rm', '--network=none', image).contains('pulled zstd layer runs')
    ItTools.podmanClean(dir)
} finally {
    PushIt.stop(dir)
}
return true
