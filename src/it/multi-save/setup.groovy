// One "executable" per platform under data/native/{os}-{arch}, files shared by both, one arm-only file.
import java.nio.file.Files
import java.nio.file.Path

Path data = basedir.toPath().resolve('data')
def write = { String relative, String text ->
    Path file = data.resolve(relative)
    Files.createDirectories(file.parent)
    Files.writeString(file, text)
}
write('native/linux-amd64/app', 'the amd64 build\n')
write('native/linux-arm64/app', 'the arm64 build\n')
write('shared/index.html', '<h1>shared</h1>\n')
write('shared/css/site.css', 'h1 { color: teal }\n')
write('arm-only.txt', 'only on arm64\n')
// a git repository of its own: its commit is the revision annotation of the index and manifests
io.github.scratchimage.maven.ItTools.commitAll(basedir)
return true
