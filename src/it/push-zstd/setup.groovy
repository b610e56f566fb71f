import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt

// a static x86-64 program that prints a line, so that podman can run the image FROM scratch
File nativeDir = new File(basedir, 'target/native')
nativeDir.mkdirs()
new File(nativeDir, 'hello.c').text = '#include <unistd.h>\nint main(void) { write(1, "pulled zstd layer runs\\n", 23); return 0; }\n'
ItTools.run(nativeDir, 'gcc', '-static', '-o', 'app', 'hello.c')
PushIt.start(basedir)
return true
