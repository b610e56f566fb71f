// Git keeps no hard links, so the source trees are made here: in each directory, one file under
// two names (created in the opposite of path order: the layer must not depend on it).
import java.nio.file.Files
import java.nio.file.Path

Path data = basedir.toPath().resolve('data')
['shared', 'split'].each { name ->
    Path directory = Files.createDirectories(data.resolve(name).resolve('sub'))
    Path file = Files.writeString(directory.resolve('z-data.txt'), "one file, two names\n")
    Files.createLink(data.resolve(name).resolve('a-alias.txt'), file)
    assert Files.getAttribute(file, 'unix:nlink') == 2
}
return true
