import io.github.scratchimage.maven.ItTools
import java.nio.file.Files
import java.nio.file.Path

File dir = basedir
Path tar = dir.toPath().resolve('target/scratch/image.tar')
String digest = new File(dir, 'target/scratch/image.digest').text.trim()
assert ItTools.skopeo(dir, "oci-archive:${tar}:1.0").Digest == digest

// the app layer whole; the site layer as one layer per file and link, its empty directory first
def config = ItTools.skopeo(dir, '--config', "oci-archive:${tar}:1.0")
String longName = 'srv/www/' + 'd' * 120 + '/' + 'f' * 120 + '.txt'
assert config.history*.created_by == [
        'scratch-maven-plugin layer app',
        'scratch-maven-plugin layer site',
        'scratch-maven-plugin layer site /etc/app/config.txt',
        'scratch-maven-plugin layer site /srv/www/css/style.css',
        'scratch-maven-plugin layer site /' + longName,
        'scratch-maven-plugin layer site /srv/www/grüße-日本.txt',
        'scratch-maven-plugin layer site /srv/www/index.html',
        'scratch-maven-plugin layer site /srv/www/latest.html']
assert config.rootfs.diff_ids.size() == 8
assert ItTools.skopeo(dir, '--raw', "oci-archive:${tar}:1.0").layers.size() == 8

// stacked, the layers give the file system one layer would: same modes, owners, times, links
Path rootfs = ItTools.umociUnpack(dir, tar, '1.0')
def expect = { String path, String type, String mode, String owner ->
    ItTools.expectStat(rootfs, path, type, mode, owner, '2024-01-31T12:00:00Z')
}
expect('usr/local/bin/app', 'file', '0755', '0:0')
expect('etc/app', 'directory', '0755', '0:0')
assert Files.readString(rootfs.resolve('etc/app/config.txt')) == 'mode=prod\n'
expect('srv/www', 'directory', '0750', '101:102')
expect('srv/www/css', 'directory', '0750', '101:102')
expect('srv/www/empty', 'directory', '0750', '101:102')
expect('srv/www/index.html', 'file', '0644', '101:102')
assert Files.readString(rootfs.resolve('srv/www/css/style.css')) == 'h1 { color: teal }\n'
assert expect('srv/www/latest.html', 'symlink', '0777', '101:102').link == 'index.html'
expect(longName, 'file', '0644', '101:102')
assert ItTools.tree(rootfs.resolve('srv/www')) == ['css', 'css/style.css', 'd' * 120, 'd' * 120 + '/' + 'f' * 120 + '.txt',
        'empty', 'grüße-日本.txt', 'index.html', 'latest.html'].sort()
assert !Files.exists(rootfs.resolve('srv/www/notes.secret'))
return true
