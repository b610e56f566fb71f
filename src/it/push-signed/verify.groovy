import io.github.scratchimage.maven.PushIt
import io.github.scratchimage.maven.SignIt

File dir = basedir
try {
    String log = new File(dir, 'build.log').text
    assert log.contains('[DEBUG]') : 'the build ran without -X'
    String digest = new File(dir, 'target/scratch/image.digest').text.trim()
    assert log.contains("Added 1 signature(s) to it/signed:${digest.replace(':', '-')}.sig")
    assert log.contains("Already signed: it/signed:${digest.replace(':', '-')}.sig")

    // one signature after two pushes, verified with openssl against the public key
    assert SignIt.checkSignatures(dir, 'it/signed', digest) == 1
    // the SLSA provenance of each push (they differ: images, times), and the SBOM once (the same both times)
    def types = SignIt.checkAttestations(dir, 'it/signed', digest)
    assert types == ['https://slsa.dev/provenance/v1', 'https://spdx.dev/Document', 'https://slsa.dev/provenance/v1'] : types
    assert PushIt.rawManifest(dir, 'it/signed:second') == PushIt.rawManifest(dir, 'it/signed:1.0')

    PushIt.assertNoSecretInBuildLog(dir, 'unused', new File(dir, 'password.txt').text)
} finally {
    PushIt.stop(dir)
}
return true
