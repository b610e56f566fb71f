import io.github.scratchimage.maven.PushIt
import java.nio.file.Files

PushIt.start(basedir)
def pom = basedir.toPath().resolve('pom.xml')
Files.writeString(pom, Files.readString(pom).replace('127.0.0.1:', 'registry.test:'))
Files.writeString(basedir.toPath().resolve('hosts'), '127.0.0.1 registry.test\n')
return true
