import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String host = PushIt.registry(dir).hostPort()
    String password = new File(dir, 'password.txt').text
    String log = new File(dir, 'build.log').text
    assert log.contains('[DEBUG]') : 'the build ran without -X'
    assert log.contains("Using the credential for ${host} from the environment variable SCRATCH_IT_REGISTRY_PASSWORD (<auth>) (username 'ci')")
    assert !log.contains('[WARNING] Using the registry password written in the POM')

    String digest = new File(dir, 'target/scratch/image.digest').text.trim()
    assert log.contains("Pushed ${host}/it/env:1.0@${digest}")
    def inspected = ItTools.json(PushIt.skopeoInspect(dir, 'it/env:1.0', false, 'ci', password).requireSuccess().stdout())
    assert inspected.Digest == digest

    PushIt.assertNoSecretInBuildLog(dir, 'ci', password)
} finally {
    PushIt.stop(dir)
}
return true
