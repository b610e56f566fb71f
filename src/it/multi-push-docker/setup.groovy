import io.github.scratchimage.maven.PushIt
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
write('shared.txt', 'shared by both\n')
PushIt.start(basedir)
return true
