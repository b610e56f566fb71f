import io.github.scratchimage.maven.PushIt

File dir = basedir
try {
    String log = new File(dir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    assert log.contains('Registry registry.test:')
    assert log.contains('the registry speaks plain HTTP, not HTTPS; set <allowInsecureRegistries> if that is intended')
    assert !log.contains('retrying') : 'a plain-HTTP answer is not a fault to retry'
    assert !new File(dir, 'target/scratch/image.digest').exists()
} finally {
    PushIt.stop(dir)
}
return true
