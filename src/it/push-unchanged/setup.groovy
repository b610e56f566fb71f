import io.github.scratchimage.maven.PushIt
import java.nio.file.Files

Files.createDirectories(basedir.toPath().resolve('site'))
Files.writeString(basedir.toPath().resolve('site/index.html'), '<h1>unchanged</h1>\n')
// A push records its inputs only when every file changed at least 2 s before the build started.
Thread.sleep(2500)
PushIt.start(basedir)
return true
