import io.github.scratchimage.maven.ItTools

File dir = basedir
String tar = new File(dir, 'target/cli.tar').path
assert !new File(dir, 'target/scratch/image.tar').exists()
def inspect = ItTools.skopeo(dir, "oci-archive:${tar}:cli")
assert inspect.Architecture == 'amd64'
['t1', 't2'].each { assert ItTools.skopeo(dir, "oci-archive:${tar}:${it}").Digest == inspect.Digest }
def config = ItTools.skopeo(dir, '--config', "oci-archive:${tar}:cli")
assert config.created == '2023-11-14T22:13:20Z'
assert config.history.size() == 1
String manifestJson = ItTools.run(dir, 'tar', '-xOf', tar, 'manifest.json')
assert ItTools.json('{"m":' + manifestJson + '}').m[0].RepoTags.toSet() ==
        ['localhost:5000/cli/name:cli', 'localhost:5000/cli/name:t1', 'localhost:5000/cli/name:t2'].toSet()
assert new File(dir, 'target/image.digest').text.trim() == inspect.Digest
return true
