// Two copies of the same tree: different modification and access times, created in opposite
// orders (so a directory listing may differ), one of them touched "now".
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.time.Instant

def names = ['a.txt', 'sub/b.txt', 'sub/deeper/c.bin', 'z.txt', 'm/n.txt']
def content = { String name -> name * 100 + '\n' }
def create = { String copy, List<String> order, Instant time ->
    Path root = basedir.toPath().resolve(copy)
    order.each { name ->
        Path file = root.resolve(name)
        Files.createDirectories(file.parent)
        Files.writeString(file, content(name))
    }
    Files.walk(root).sorted(Comparator.reverseOrder()).each { Files.setLastModifiedTime(it, FileTime.from(time)) }
}
create('one', names, Instant.parse('2001-09-09T01:46:40Z'))
create('two', names.reverse(), Instant.now())
return true
