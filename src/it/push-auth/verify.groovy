import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String host = PushIt.registry(dir).hostPort()
    String password = new File(dir, 'password.txt').text
    String log = new File(dir, 'build.log').text
    assert !new File(dir, 'settings.xml').text.contains(password)
    assert log.contains("Using the credential for ${host} from settings.xml <server> '${host}' (username 'ci')")

    String digest = new File(dir, 'target/scratch/image.digest').text.trim()
    assert log.contains("Pushed ${host}/it/auth:1.0@${digest}")
    def anonymous = PushIt.skopeoInspect(dir, 'it/auth:1.0', false, null, null)
    assert anonymous.exitCode() != 0
    def inspected = ItTools.json(PushIt.skopeoInspect(dir, 'it/auth:1.0', false, 'ci', password).requireSuccess().stdout())
    assert inspected.Digest == digest

    PushIt.assertNoSecretInBuildLog(dir, 'ci', password)
} finally {
    PushIt.stop(dir)
}
return true
