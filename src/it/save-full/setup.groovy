// Generates the files the image is built from (see ItTools.writeSiteFiles).
import io.github.scratchimage.maven.ItTools

ItTools.writeSiteFiles(basedir.toPath().resolve('data'))
// a git repository of its own: its commit is the image's revision annotation
ItTools.commitAll(basedir)
return true
