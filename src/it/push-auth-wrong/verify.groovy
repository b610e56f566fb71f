import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String host = PushIt.registry(dir).hostPort()
    String password = new File(dir, 'password.txt').text
    String log = new File(dir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    assert log.contains("Registry ${host}: ")
    assert log.contains('HTTP 401')
    assert !new File(dir, 'target/scratch/image.digest').exists()

    // nothing under the tag, asked with the right password
    def result = PushIt.skopeoInspect(dir, 'it/auth-wrong:1.0', true, 'ci', password)
    assert result.exitCode() != 0
    assert (result.stdout() + result.stderr()).toLowerCase().contains('manifest unknown') : result.describe()

    PushIt.assertNoSecretInBuildLog(dir, 'ci', password)
    PushIt.assertNoSecretInBuildLog(dir, 'ci', 'wrong-' + password)
} finally {
    PushIt.stop(dir)
}
return true
