// Compiles a real, dynamically linked executable for this machine (x86-64) with gcc.
io.github.scratchimage.maven.NativeBinaries.compileX8664(new File(basedir, 'target/native'))
return true
