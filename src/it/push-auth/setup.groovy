import io.github.scratchimage.maven.PushIt

// a password made here, so that no secret sits in the repository
String password = 'it-' + UUID.randomUUID()
new File(basedir, 'password.txt').text = password
def registry = PushIt.start(basedir, 'ci', password)
PushIt.writeEncryptedSettings(basedir, registry.hostPort(), 'ci', password)
return true
