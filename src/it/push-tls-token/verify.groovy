import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String host = PushIt.registry(dir).hostPort()
    String password = new File(dir, 'password.txt').text
    String log = new File(dir, 'build.log').text
    String digest = new File(dir, 'target/scratch/image.digest').text.trim()
    assert log.contains("Pushed ${host}/it/secure:1.0@${digest}")
    assert log.contains('Blobs: 2 uploaded (')

    def inspected = ItTools.json(PushIt.skopeoInspect(dir, 'it/secure:1.0', false, 'ci', password).requireSuccess().stdout())
    assert inspected.Digest == digest
    // one layer: the 300,000 random bytes, gzipped (a little larger than the file: random data does not compress)
    assert inspected.Layers.size() == 1
    def manifest = ItTools.json(PushIt.skopeoInspect(dir, 'it/secure:1.0', true, 'ci', password).requireSuccess().stdout())
    assert manifest.layers.size() == 1
    assert manifest.layers[0].size > 300000
    assert PushIt.tokenServer(dir).tokenRequests() >= 1
    assert PushIt.tokenServer(dir).requestedScopes().contains('repository:it/secure:pull,push')

    PushIt.assertNoSecretInBuildLog(dir, 'ci', password)
} finally {
    PushIt.stop(dir)
}
return true
