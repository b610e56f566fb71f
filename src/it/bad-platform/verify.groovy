// The build failed, the message names the parameter and says what is expected, nothing was written.
io.github.scratchimage.maven.ItTools.assertFailedWithoutOutput(basedir, '<platform>', 'pentium')
return true
