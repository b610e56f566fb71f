// The files of the image (see ItTools.writeSiteFiles), one of them written again by a second layer;
// then a plain-HTTP registry on loopback (PushIt).
import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt
import java.nio.file.Files

ItTools.writeSiteFiles(basedir.toPath().resolve('data'))
Files.createDirectories(basedir.toPath().resolve('patch'))
Files.writeString(basedir.toPath().resolve('patch/index.html'), '<h1>the later layer wins</h1>\n')
PushIt.start(basedir)
return true
