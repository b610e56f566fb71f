import io.github.scratchimage.maven.ItTools
import java.nio.file.Files
import java.nio.file.Path

File dir = basedir
Path tar = dir.toPath().resolve('target/scratch/image.tar')
Path rootfs = ItTools.umociUnpack(dir, tar, '1.0')

// within one layer: the first name in path order is the file, the other a tar hard link to it
def manifest = ItTools.skopeo(dir, '--raw', "oci-archive:${tar}:1.0")
assert manifest.layers.size() == 1 + 2 // shared; split: one layer per name
Path layout = dir.toPath().resolve('target/umoci/layout')
Path shared = layout.resolve('blobs/sha256/' + manifest.layers[0].digest.substring('sha256:'.length()))
String listing = ItTools.run(dir, 'tar', '--warning=no-unknown-keyword', '-tvzf', shared.toString())
assert listing.contains('opt/shared/sub/z-data.txt link to opt/shared/a-alias.txt') : listing
assert listing =~ /-rw-r--r-- 0\/0\s+20 2024-01-31 12:00 opt\/shared\/a-alias.txt/ : listing

def inode = { String path -> Files.getAttribute(rootfs.resolve(path), 'unix:ino') }
assert Files.readString(rootfs.resolve('opt/shared/sub/z-data.txt')) == "one file, two names\n"
assert inode('opt/shared/a-alias.txt') == inode('opt/shared/sub/z-data.txt')
assert Files.getAttribute(rootfs.resolve('opt/shared/a-alias.txt'), 'unix:nlink') == 2

// one layer per file: each name is a full copy in its own layer
manifest.layers.drop(1).each { layer ->
    Path blob = layout.resolve('blobs/sha256/' + layer.digest.substring('sha256:'.length()))
    assert !ItTools.run(dir, 'tar', '--warning=no-unknown-keyword', '-tvzf', blob.toString()).contains('link to')
}
assert Files.readString(rootfs.resolve('opt/split/a-alias.txt')) == "one file, two names\n"
assert Files.readString(rootfs.resolve('opt/split/sub/z-data.txt')) == "one file, two names\n"
assert inode('opt/split/a-alias.txt') != inode('opt/split/sub/z-data.txt')
return true
