// Generates the files the image is built from, including what git cannot carry reliably:
// an executable bit, a symlink, an empty directory, long and non-ASCII names.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.attribute.PosixFilePermissions

Path data = basedir.toPath().resolve('data')
def write = { String relative, String text ->
    Path file = data.resolve(relative)
    Files.createDirectories(file.parent)
    Files.writeString(file, text)
    file
}
Files.setPosixFilePermissions(write('app', 'pretend this is a static binary\n'),
        PosixFilePermissions.fromString('rwxr-xr-x'))
write('config.txt', 'mode=prod\n')
write('site/index.html', '<h1>hello</h1>\n')
write('site/css/style.css', 'h1 { color: teal }\n')
write('site/notes.secret', 'not for the image\n')
write('site/' + 'd' * 120 + '/' + 'f' * 120 + '.txt', 'a long name\n')
write('site/grüße-日本.txt', 'a non-ASCII name\n')
Files.createDirectories(data.resolve('site/empty'))
Files.createSymbolicLink(data.resolve('site/latest.html'), Paths.get('index.html'))
return true
