import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.LoadIt

File dir = basedir
try {
    def podman = LoadIt.engine(dir)
    String log = new File(dir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    assert log.contains("Container engine: Podman Engine 4.")
    assert log.contains("(API 1.")
    assert log.contains("at ${podman.url()} (from <dockerHost>)")
    def loaded = log.readLines().findAll { it.contains('Loaded docker.io/example/load-it:') }
    assert loaded.size() == 2 : loaded
    assert loaded[0].contains('Loaded docker.io/example/load-it:1.0,latest (linux/amd64) into Podman Engine 4.')
    assert loaded[1].contains('Loaded docker.io/example/load-it:arm64,arm64-latest (linux/arm64) into Podman Engine 4.')

    def inspect = { String name -> ItTools.json(podman.curl("/images/${name}/json").requireSuccess().stdout()) }
    def amd64 = inspect('docker.io/example/load-it:1.0')
    assert inspect('docker.io/example/load-it:latest').Id == amd64.Id
    assert amd64.Architecture == 'amd64'
    assert loaded[0].endsWith("image ID ${amd64.Id}")
    def arm64 = inspect('docker.io/example/load-it:arm64')
    assert arm64.Architecture == 'arm64'
    assert arm64.Id != amd64.Id
    assert inspect('docker.io/example/load-it:arm64-latest').Id == arm64.Id
    assert loaded[1].endsWith("image ID ${arm64.Id}")

    // save with loadPlatform linux/arm64: manifest.json lists the arm64 image, whose ID podman gave
    java.nio.file.Path tar = dir.toPath().resolve('target/scratch/save-arm64/image.tar') // an execution with an id of its own
    String manifestJson = ItTools.run(dir, 'tar', '-xOf', tar.toString(), 'manifest.json')
    def entries = ItTools.json('{"m":' + manifestJson + '}').m
    assert entries.size() == 1
    assert 'sha256:' + entries[0].Config.substring('blobs/sha256/'.length()) == arm64.Id
    assert ItTools.skopeo(dir, "docker-archive:${tar}").Architecture == 'arm64'

    String output = podman.podman('run', '--rm', 'docker.io/example/load-it:1.0').requireSuccess().stdout()
    def lines = output.readLines()
    assert lines.contains('cwd=/usr/local') : output
    assert lines.contains('uid=65532') && lines.contains('gid=65532') : output
    assert lines.contains('GREETING=loaded by scratch:load') : output
} finally {
    LoadIt.stop(dir)
}
return true
