// The build failed, the message names the parameter and says what is wrong, nothing was written.
io.github.scratchimage.maven.ItTools.assertFailedWithoutOutput(basedir, '<platforms>', '-Dscratch.platform', 'linux/arm64', 'not both')
return true
