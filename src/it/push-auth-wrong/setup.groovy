import io.github.scratchimage.maven.PushIt

String password = 'it-' + UUID.randomUUID()
new File(basedir, 'password.txt').text = password
def registry = PushIt.start(basedir, 'ci', password)
PushIt.writeEncryptedSettings(basedir, registry.hostPort(), 'ci', 'wrong-' + password)
return true
