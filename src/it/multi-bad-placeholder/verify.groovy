// The build failed, the message names the parameter and says what is wrong, nothing was written.
io.github.scratchimage.maven.ItTools.assertFailedWithoutOutput(basedir, '<platforms/platform[2]/layers/layer[1]/files/file[1]/source>', '{cpu}', '{os}, {arch} and {variant}')
return true
