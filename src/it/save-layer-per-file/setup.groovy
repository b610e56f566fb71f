// Generates the files the image is built from (see ItTools.writeSiteFiles).
import io.github.scratchimage.maven.ItTools

ItTools.writeSiteFiles(basedir.toPath().resolve('data'))
return true
