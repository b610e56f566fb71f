import io.github.scratchimage.maven.PushIt

// a password made here, so that no secret sits in the repository
String password = 'it-' + UUID.randomUUID()
new File(basedir, 'password.txt').text = password
PushIt.start(basedir)
def second = PushIt.startSecond(basedir, 'mirror', password)
PushIt.writeEncryptedSettings(basedir, second.hostPort(), 'mirror', password)
new File(basedir, 'site').mkdirs()
new File(basedir, 'site/index.html').text = '<h1>several</h1>\n'
return true
