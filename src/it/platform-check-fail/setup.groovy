// Compiles a real executable for this machine (x86-64) with gcc, statically linked: the amd64 image
// (FROM scratch, no loader) is then valid and only the arm64 mismatch is reported.
io.github.scratchimage.maven.NativeBinaries.compileStaticX8664(new File(basedir, 'target/native'))
return true
