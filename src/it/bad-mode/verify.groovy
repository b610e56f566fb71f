// The build failed, the message names the parameter and says what is expected, nothing was written.
io.github.scratchimage.maven.ItTools.assertFailedWithoutOutput(basedir, '<layers/layer[1]/files/file[2]/mode>', "'0789'", 'octal')
return true
