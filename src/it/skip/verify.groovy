File dir = basedir
assert new File(dir, 'build.log').text.contains('scratch: skipped')
assert !new File(dir, 'target/scratch').exists()
return true
