import io.github.scratchimage.maven.SignIt

def properties = new Properties()
new File(basedir, 'invoker.properties').withInputStream { properties.load(it) }
SignIt.makeKey(basedir, properties.getProperty('invoker.environmentVariables.SCRATCH_SIGNING_KEY_PASSWORD'))
return true
