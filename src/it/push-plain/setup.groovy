import io.github.scratchimage.maven.PushIt
import java.nio.file.Files

Files.createDirectories(basedir.toPath().resolve('site'))
Files.writeString(basedir.toPath().resolve('site/index.html'), '<h1>pushed</h1>\n')
Files.writeString(basedir.toPath().resolve('site/serve'), 'pretend this is a static binary\n')
PushIt.start(basedir)
return true
