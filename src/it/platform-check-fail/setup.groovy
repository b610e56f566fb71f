// Compiles a real executable for this machine (x86-64) with gcc, statically linked: the amd64 image
// (FROM scratch, no loader) is then valid and only the arm64 mismatch is reported.
import io.github.scratchimage.maven.ItTools

File dir = new File(basedir, 'target/native')
dir.mkdirs()
new File(dir, 'hello.c').text = 'int main(void) { return 0; }\n'
ItTools.run(dir, 'gcc', '-static', '-o', 'app', 'hello.c')
String description = ItTools.run(dir, 'file', '-b', 'app')
assert description.contains('x86-64') && description.contains('statically linked') : description
return true
