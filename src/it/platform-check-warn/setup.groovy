// Compiles a real executable for this machine (x86-64) with gcc.
import java.nio.file.Files
import java.nio.file.Path

Path dir = basedir.toPath().resolve('target/native')
Files.createDirectories(dir)
Files.writeString(dir.resolve('hello.c'), 'int main(void) { return 0; }\n')
io.github.scratchimage.maven.ItTools.run(dir.toFile(), 'gcc', '-o', 'app', 'hello.c')
String description = io.github.scratchimage.maven.ItTools.run(dir.toFile(), 'file', '-b', 'app')
assert description.contains('x86-64') : 'these tests need an x86-64 machine: ' + description
return true
