// The build failed, the message names the parameter and says what is wrong, nothing was written.
io.github.scratchimage.maven.ItTools.assertFailedWithoutOutput(basedir, '<layers/layer[1]/files/file[1]/target>', '{arch}', 'placeholders are replaced in source paths only')
return true
