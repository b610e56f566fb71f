import io.github.scratchimage.maven.ItTools

File dir = basedir
String tar = new File(dir, 'target/scratch/image.tar').path
String digest = new File(dir, 'target/scratch/image.digest').text.trim()

// skopeo 1.9 finds a tag (ref.name) only on OCI manifests, so the single entry is named by the file alone
def manifest = ItTools.skopeo(dir, '--raw', "oci-archive:${tar}")
assert manifest.mediaType == 'application/vnd.docker.distribution.manifest.v2+json'
assert manifest.config.mediaType == 'application/vnd.docker.container.image.v1+json'
assert manifest.layers == []

def config = ItTools.skopeo(dir, '--config', "docker-archive:${tar}")
assert config.architecture == 'amd64' && config.os == 'linux' && !config.containsKey('variant')
// outputTimestamp wins over SOURCE_DATE_EPOCH (set to 1700000000 for this build)
assert config.created == '2023-06-01T00:00:00Z'
assert config.rootfs.diff_ids == []
assert ItTools.skopeo(dir, "oci-archive:${tar}").Digest == digest

String manifestJson = ItTools.run(dir, 'tar', '-xOf', tar, 'manifest.json')
assert ItTools.json('{"m":' + manifestJson + '}').m[0].RepoTags == ['docker.io/library/save-docker:0.1']
assert new File(dir, 'build.log').text.contains('docker.io/library/save-docker:0.1')
return true
