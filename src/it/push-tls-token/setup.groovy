import io.github.scratchimage.maven.PushIt

// a password made here, so that no secret sits in the repository
String password = 'it-' + UUID.randomUUID()
new File(basedir, 'password.txt').text = password
byte[] data = new byte[300000]
new Random(42).nextBytes(data)
new File(basedir, 'data.bin').bytes = data
def registry = PushIt.startTlsWithToken(basedir, 'ci', password)
PushIt.writeEncryptedSettings(basedir, registry.hostPort(), 'ci', password)
return true
