import SluiceColumnar
print("sluice")
