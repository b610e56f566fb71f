import io.github.scratchimage.maven.PushIt

def properties = new Properties()
new File(basedir, 'invoker.properties').withInputStream { properties.load(it) }
String password = properties.getProperty('invoker.environmentVariables.SCRATCH_IT_REGISTRY_PASSWORD')
new File(basedir, 'password.txt').text = password
PushIt.start(basedir, 'ci', password)
return true
