import io.github.scratchimage.maven.ItTools
import java.nio.file.Files
import java.nio.file.Path

File dir = basedir
Path tar = dir.toPath().resolve('target/scratch/image.tar')
assert Files.isRegularFile(tar)
String digest = new File(dir, 'target/scratch/image.digest').text.trim()
assert digest ==~ /sha256:[0-9a-f]{64}/

String log = new File(dir, 'build.log').text
assert log.contains('docker.io/example/app:1.0')
assert log.contains('linux/arm64/v8')
assert log.contains(digest)
assert log.contains(tar.toString())

// image.json beside the tar
def meta = ItTools.json(new File(dir, 'target/scratch/image.json').text)
assert meta.toString().contains(digest)
assert meta.toString().contains('example/app')

// OCI side of the tar: every tag names the same manifest
def inspect = ItTools.skopeo(dir, "oci-archive:${tar}:1.0")
assert inspect.Digest == digest
assert inspect.Architecture == 'arm64' && inspect.Os == 'linux' // skopeo 1.9 shows no Variant here; the config check does
['latest', '1'].each { assert ItTools.skopeo(dir, "oci-archive:${tar}:${it}").Digest == digest }

def manifest = ItTools.skopeo(dir, '--raw', "oci-archive:${tar}:1.0")
assert manifest.mediaType == 'application/vnd.oci.image.manifest.v1+json'
assert manifest.layers.size() == 2
manifest.layers.each { assert it.mediaType == 'application/vnd.oci.image.layer.v1.tar+gzip' }
// every annotation from the POM and the git repository setup.groovy made; the configured vendor wins
String revision = ItTools.headCommit(dir)
assert revision ==~ /[0-9a-f]{40}/
assert manifest.annotations == [
        'org.opencontainers.image.created'    : '2024-01-31T12:00:00Z',
        'org.opencontainers.image.version'    : '1.0',
        'org.opencontainers.image.source'     : 'https://example.org/save-full',
        'org.opencontainers.image.title'      : 'Scratch IT save-full',
        'org.opencontainers.image.description': 'Every parameter of scratch:save; files, modes, owners and symlinks checked with umoci.',
        'org.opencontainers.image.url'        : 'https://example.org/save-full/home',
        'org.opencontainers.image.documentation': 'https://docs.example.org/save-full',
        'org.opencontainers.image.licenses'   : 'Apache-2.0',
        'org.opencontainers.image.vendor'     : 'Example',
        'org.opencontainers.image.authors'    : 'Jane Doe <jane@example.org>',
        'org.opencontainers.image.revision'   : revision]

def checkConfig = { config ->
    assert config.architecture == 'arm64' && config.os == 'linux' && config.variant == 'v8'
    assert config['os.version'] == '6.1'
    assert config.created == '2024-01-31T12:00:00Z'
    assert config.config.Env == ['Z_FIRST=z', 'A_SECOND=a b=c', 'PATH=/usr/local/bin']
    assert config.config.Entrypoint == ['/usr/local/bin/app']
    assert config.config.Cmd == ['--serve', '/srv/www']
    assert config.config.WorkingDir == '/srv/www'
    assert config.config.User == '65532:65532'
    assert config.config.ExposedPorts.keySet() as List == ['53/udp', '8080/tcp', '9000/tcp']
    assert config.config.Volumes.keySet() as List == ['/data']
    assert config.config.Labels == ['org.example.team': 'core']
    assert config.config.StopSignal == 'SIGINT'
    assert config.rootfs.diff_ids.size() == 2
    assert config.history.size() == 2
    assert config.history[0].created_by.contains('app')
    assert config.history[1].created_by.contains('site')
}
checkConfig(ItTools.skopeo(dir, '--config', "oci-archive:${tar}:1.0"))

// docker-archive side of the same tar
checkConfig(ItTools.skopeo(dir, '--config', "docker-archive:${tar}"))
def dockerInspect = ItTools.skopeo(dir, "docker-archive:${tar}")
assert dockerInspect.Layers.size() == 2
String manifestJson = ItTools.run(dir, 'tar', '-xOf', tar.toString(), 'manifest.json')
assert ItTools.json('{"m":' + manifestJson + '}').m[0].RepoTags.toSet() ==
        ['docker.io/example/app:1.0', 'docker.io/example/app:latest', 'docker.io/example/app:1'].toSet()

// unpack with umoci (checks layer digests and diff_ids) and compare the files
Path rootfs = ItTools.umociUnpack(dir, tar, '1.0')
Path data = dir.toPath().resolve('data')
String created = '2024-01-31T12:00:00Z'
def expect = { String path, String type, String mode, String owner ->
    ItTools.expectStat(rootfs, path, type, mode, owner, created)
}
expect('usr', 'directory', '0755', '0:0')
expect('usr/local/bin', 'directory', '0755', '0:0')
expect('usr/local/bin/app', 'file', '0750', '65532:65532')
assert Files.readAllBytes(rootfs.resolve('usr/local/bin/app')) == Files.readAllBytes(data.resolve('app'))
expect('etc/app/config.txt', 'file', '0644', '0:0')
assert Files.readString(rootfs.resolve('etc/app/config.txt')) == 'mode=prod\n'
expect('srv', 'directory', '0755', '0:0')
expect('srv/www/css', 'directory', '0750', '101:102')
expect('srv/www/empty', 'directory', '0750', '101:102')
assert Files.list(rootfs.resolve('srv/www/empty')).count() == 0
expect('srv/www/index.html', 'file', '0644', '101:102')
expect('srv/www/css/style.css', 'file', '0644', '101:102')
assert Files.readString(rootfs.resolve('srv/www/css/style.css')) == 'h1 { color: teal }\n'
assert expect('srv/www/latest.html', 'symlink', '0777', '101:102').link == 'index.html'
String longName = 'srv/www/' + 'd' * 120 + '/' + 'f' * 120 + '.txt'
expect(longName, 'file', '0644', '101:102')
assert Files.readString(rootfs.resolve(longName)) == 'a long name\n'
assert Files.readString(rootfs.resolve('srv/www/grüße-日本.txt')) == 'a non-ASCII name\n'
assert !Files.exists(rootfs.resolve('srv/www/notes.secret'))
def srvFiles = ItTools.tree(rootfs.resolve('srv/www'))
assert srvFiles == ['css', 'css/style.css', 'd' * 120, 'd' * 120 + '/' + 'f' * 120 + '.txt', 'empty',
        'grüße-日本.txt', 'index.html', 'latest.html'].sort()

// attach: install put the same tar into the local repository
File attached = new File(localRepositoryPath, 'io/github/scratchimage/it/save-full/1.0/save-full-1.0-image.tar')
assert attached.isFile()
assert attached.bytes == tar.toFile().bytes
return true
