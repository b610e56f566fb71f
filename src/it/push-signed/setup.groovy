import io.github.scratchimage.maven.PushIt
import io.github.scratchimage.maven.SignIt

// a password made here, so that no secret sits in the repository
String password = 'key-' + UUID.randomUUID()
new File(basedir, 'password.txt').text = password
SignIt.makeKey(basedir, password)
PushIt.start(basedir)
PushIt.writeEncryptedSettings(basedir, 'signing', 'unused', password)
return true
