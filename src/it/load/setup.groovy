// A static x86-64 program that prints its working directory, user and environment (the image's
// entrypoint), and a real podman system service on engine/podman.sock, which pom.xml names.
import io.github.scratchimage.maven.LoadIt
import io.github.scratchimage.maven.NativeBinaries

NativeBinaries.compileStaticReporterX8664(new File(basedir, 'target/native'))
LoadIt.start(basedir)
return true
