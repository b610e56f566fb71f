// The SBOM lists every regular file of the image with the checksums of the files umoci unpacks,
// validates against the SPDX 2.3 schema, and the registry lists it, once, as a referrer of the manifest.
import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.PushIt
import io.github.scratchimage.testing.ProcessRunner
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

File dir = basedir
try {
    String log = new File(dir, 'build.log').text
    Path scratch = dir.toPath().resolve('target/scratch/save') // the execution's own directory (its id)
    byte[] sbomBytes = Files.readAllBytes(scratch.resolve('sbom.spdx.json'))
    def sbom = ItTools.json(new String(sbomBytes, 'UTF-8'))
    String digest = Files.readString(scratch.resolve('image.digest'))

    // every regular file unpacked by umoci, with its SHA-1 and SHA-256, exactly once
    Path rootfs = ItTools.umociUnpack(dir, scratch.resolve('image.tar'), '1.0')
    def hex = { String algorithm, Path file -> MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)).encodeHex().toString() }
    Map<String, List<String>> unpacked = [:]
    Files.walk(rootfs).withCloseable { paths ->
        paths.filter { Files.isRegularFile(it, java.nio.file.LinkOption.NOFOLLOW_LINKS) }.each { file ->
            unpacked['/' + rootfs.relativize(file).toString()] = [hex('SHA-1', file), hex('SHA-256', file)]
        }
    }
    Map<String, List<String>> listed = [:]
    sbom.files.each { file ->
        def sums = file.checksums.collectEntries { [(it.algorithm): it.checksumValue] }
        assert !listed.containsKey(file.fileName)
        listed[file.fileName] = [sums.SHA1, sums.SHA256]
    }
    assert unpacked.size() == 7 : unpacked.keySet() // writeSiteFiles' six files and its notes.secret (no exclude here)
    assert listed == unpacked
    assert Files.readString(rootfs.resolve('srv/site/index.html')) == '<h1>the later layer wins</h1>\n'

    // the project's package and the document's reproducible fields
    def pkg = sbom.packages[0]
    assert pkg.externalRefs[0].referenceLocator == 'pkg:maven/io.github.scratchimage.it/push-sbom@1.0'
    assert pkg.licenseDeclared == 'Apache-2.0'
    assert pkg.supplier == 'Organization: Example Org'
    assert sbom.creationInfo.created == '2024-05-01T08:00:00Z'
    assert sbom.documentNamespace.endsWith('/push-sbom/sha256-' + digest.substring(7))

    // valid against the SPDX 2.3 JSON schema (python3's jsonschema, when installed)
    Path schema = dir.toPath().resolve('../../../src/test/resources/spdx/spdx-schema-2.3.json').normalize()
    if (ProcessRunner.create().run('python3', '-c', 'import jsonschema').succeeded()) {
        def valid = ProcessRunner.create().run('python3', '-c', 'import json, sys, jsonschema\n'
                + 'jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))',
                schema.toString(), scratch.resolve('sbom.spdx.json').toString())
        assert valid.succeeded() : valid.describe()
    } else {
        println 'python3 jsonschema missing: schema validation skipped'
    }

    // the registry: the referrers tag of the manifest lists the SBOM once, after two pushes
    assert (log =~ /Attached application\/spdx\+json to \S+@${digest}/).count == 2 : log
    def index = ItTools.json(PushIt.rawManifest(dir, "it/sbom:sha256-${digest.substring(7)}"))
    assert index.mediaType == 'application/vnd.oci.image.index.v1+json'
    assert index.manifests.size() == 1
    assert index.manifests[0].artifactType == 'application/spdx+json'
    def artifact = ItTools.json(PushIt.rawManifest(dir, "it/sbom@${index.manifests[0].digest}"))
    assert artifact.artifactType == 'application/spdx+json'
    assert artifact.subject.digest == digest
    assert artifact.config.mediaType == 'application/vnd.oci.empty.v1+json' && artifact.config.size == 2
    assert artifact.layers.size() == 1 && artifact.layers[0].mediaType == 'application/spdx+json'
    // the pushed document is the saved one, byte for byte
    String host = PushIt.registry(dir).hostPort()
    byte[] pushed = new URL("http://${host}/v2/it/sbom/blobs/${artifact.layers[0].digest}").bytes
    assert pushed == sbomBytes
    // the image's own tags are untouched
    assert ItTools.json(PushIt.skopeoInspect(dir, 'it/sbom:again', false, null, null).requireSuccess().stdout()).Digest == digest
} finally {
    PushIt.stop(dir)
}
return true
