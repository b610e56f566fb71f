import io.github.scratchimage.maven.ItTools
import java.nio.file.Files

// a static x86-64 program that prints a line, so that podman can run the image FROM scratch
File nativeDir = new File(basedir, 'target/native')
nativeDir.mkdirs()
new File(nativeDir, 'hello.c').text = '#include <unistd.h>\nint main(void) { write(1, "hello from a zstd layer\\n", 24); return 0; }\n'
ItTools.run(nativeDir, 'gcc', '-static', '-o', 'app', 'hello.c')
// 3 MiB of text: more than one zstd block (1 MiB), so the layer is several concatenated frames
File data = new File(basedir, 'target/data')
data.mkdirs()
StringBuilder text = new StringBuilder()
for (int i = 0; text.length() < 3 * 1024 * 1024; i++) {
    text.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog ").append(i % 97).append('\n')
}
new File(data, 'text.txt').text = text.toString()
return true
