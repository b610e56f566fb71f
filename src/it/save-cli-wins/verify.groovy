// The POM names example/pom:1.0 (+ pom-only) for linux/amd64 and linux/arm64/v8; the command line
// asks for example/cli:2.0 (+ x, y) on linux/arm64/v8 alone. The command line wins, and the arm64
// entry of <platforms> keeps its own layer, environment and cmd.
import io.github.scratchimage.maven.ItTools

File dir = basedir
String tar = new File(dir, 'target/scratch/image.tar').path
def inspect = ItTools.skopeo(dir, "oci-archive:${tar}:2.0")
assert inspect.Architecture == 'arm64'
['x', 'y'].each { assert ItTools.skopeo(dir, "oci-archive:${tar}:${it}").Digest == inspect.Digest }
String index = ItTools.run(dir, 'tar', '-xOf', tar, 'index.json')
assert !index.contains('pom-only') && !index.contains('example/pom')
def refs = ItTools.json(index).manifests.collect { it.annotations['org.opencontainers.image.ref.name'] }
assert refs.toSet() == ['2.0', 'x', 'y'].toSet()
def config = ItTools.skopeo(dir, '--config', "oci-archive:${tar}:2.0")
assert config.config.Env.contains('MODE=arm')
assert config.config.Cmd == ['--arm']
assert inspect.Layers.size() == 3 : 'shared, app and the arm64 entry own layer'
String manifestJson = ItTools.run(dir, 'tar', '-xOf', tar, 'manifest.json')
assert ItTools.json('{"m":' + manifestJson + '}').m[0].RepoTags.toSet() ==
        ['docker.io/example/cli:2.0', 'docker.io/example/cli:x', 'docker.io/example/cli:y'].toSet()
return true
